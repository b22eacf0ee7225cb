"""The web front for people: server-rendered pages over the same vocabulary, store and library.

Modules, one noun each: ``render`` (the Jinja2 environment and HTML responses), ``site`` (facts
about the vocabulary computed once per vocabulary), ``concept`` (a concept page's view),
``svg`` (drawing primitives) with ``practice_model``, ``lineage`` and ``charts`` (the figures),
``coverage`` and ``differences`` (the data of those pages), ``report`` (a validation report in
plain language), ``query_form`` (a named query's form and results) and ``negotiation`` (browsers
get HTML at the API's URLs). The routes are in ``api/routes/web*.py``.
"""
