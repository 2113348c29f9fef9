"""Banks: the schema, reading a YAML file with its lines (parse), remembering checked files
(cache), putting files together (load), coverage and the strict teaching rules.

Import the submodule you need: only `parse` loads PyYAML, and only on a cache miss.
"""
