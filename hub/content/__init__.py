"""Load and validate: read content/ files (front matter, YAML, linked files) into typed models, with every problem found."""
