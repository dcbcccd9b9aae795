"""Import of procurement data files: value parsers and file readers."""
