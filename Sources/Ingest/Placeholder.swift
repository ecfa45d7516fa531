// Placeholder until the exposition parsers land; replaced by the real files.
