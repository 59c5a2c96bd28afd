"""The planted-k models: ground truth for the dependency analyses."""
