"""The web front: a dashboard and a JSON API over one Dragoman database (`dragoman serve`).

``app.py`` builds the app and its safety layer, ``api.py`` the ``/api/v1`` routes, ``pages.py``
the HTML pages, ``queries.py`` and ``views.py`` the data (SQL and the analysis modules),
``charts.py`` the plotly figures, ``suggest.py`` actor suggestions, ``watch.py`` the folder
watcher, ``database.py`` the one open database. Import :func:`dragoman.web.app.create_app`.
"""
