"""News facts: extracting articles into proposals, reviewing them, intake from feeds and URLs."""
