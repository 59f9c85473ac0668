"""Publish: copy the content's files beside the pages and swap the finished site into place atomically."""
