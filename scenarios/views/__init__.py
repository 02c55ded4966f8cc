"""The pages, one module per family of screens: scenarios (list, detail,
editor, exports, history), analysis, compare and sharing."""
