"""The positions models: Predictive Position Coupling, position coupling and absolute baselines."""
