"""Files beside the content, read safely: which kinds hub publishes, each checked by its bytes, SVG sanitized."""
