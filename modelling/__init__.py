"""The model, in plain Python: the projection engine, the analysis tools, the
figures drawn from their results, snapshots of a scenario's inputs and the
comparison of several. Nothing here imports Django or the apps (an
import-linter contract in pyproject.toml holds it so), so all of it is tested
without a database."""
