"""Model Lens tools that are Python packages (the model zoo recipes live in tools.zoo)."""
