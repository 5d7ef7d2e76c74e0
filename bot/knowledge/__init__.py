"""The curated knowledge base: YAML files in `knowledge/`, validated against a schema at load."""
