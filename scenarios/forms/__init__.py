"""Forms: the editor and new scenarios, sharing, and the analysis tools."""
