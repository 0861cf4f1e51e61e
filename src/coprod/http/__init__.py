"""The HTTP shell shared by the API (``coprod.api``) and the pages (``coprod.web``): who calls
and the request's unit of work (``request``), the one error renderer for JSON and HTML
(``errors``), admission control (``admission``). It imports neither the API nor the pages;
``coprod.app`` puts the three together."""
