"""The model zoo recipes: run each from the repository root as `python3 -m tools.zoo.<recipe>.<script>`."""
