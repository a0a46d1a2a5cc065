"""The official-document engine: model, markup, GB/T 9704 layout, DOCX and PDF writers.

Public entry points (import the submodules; this package imports nothing itself):

- :func:`ideowork.documents.markup.parse_markup` / :func:`~ideowork.documents.markup.to_markup`
- :func:`ideowork.documents.render.render_document`
- :func:`ideowork.documents.checks.check_document`
- :func:`ideowork.documents.checks.find_unfilled`
"""
