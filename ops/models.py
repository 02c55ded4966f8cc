"""No models. The module exists because `migrate` sends post_migrate only to
apps with one, and ops.apps creates the cache table on that signal."""
