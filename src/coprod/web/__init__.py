"""Server-rendered pages: Jinja2 templates, static assets and SVG charts, served by the app."""
