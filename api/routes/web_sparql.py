"""The SPARQL query form for people, at ``/sparql`` for browsers (``/sparql.html`` directly).

A GET of ``/sparql`` whose Accept header prefers ``text/html`` is routed here
(``api/web/negotiation.py``); tools keep getting the service description and the results from
``api/routes/sparql.py``, untouched. Without ``query`` the page is the form; with one, the query
runs exactly as the endpoint runs it and the page shows the results as a table, or sends them as
a download in the chosen format. The table shows the first ``SHOWN_ROWS`` rows, as the named
queries' pages do (rendering all 10,000 rows the endpoint may return took 3.9 s on the event
loop); the downloads hold every row up to the endpoint's cap.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from mscos_kg.sparql_guard import check_no_service

from ..errors import ApiError
from ..query_runner import Deadline
from ..sparql_backend import ProtocolCall, execute
from ..sparql_request import read_query_request
from ..sparql_results import Graph, Outcome, content_type, offers, serialize
from ..web import render
from ..web.page_query import PageServices, get_page_services, run_for_page
from ..web.query_form import SHOWN_ROWS, Table, fill
from ..web.site import Site
from ..web.sparql_form import FORMATS_BY_KEY, RESULT_FORMATS, STARTER, SparqlPage, examples
from .sparql import form_of
from .web import GET_HEAD

router = APIRouter(include_in_schema=False)
Filled = tuple[Table | None, bool | None]


@router.api_route("/sparql.html", methods=GET_HEAD)
async def sparql_page(request: Request, services: Annotated[PageServices, Depends(get_page_services)]) -> Response:
    settings, site = services.settings, services.site
    known = examples(services.catalog)
    chosen = FORMATS_BY_KEY.get(request.query_params.get("results", ""), RESULT_FORMATS[0])
    view = SparqlPage(STARTER, chosen, known, max_rows=settings.max_result_rows,
                      timeout_s=settings.query_timeout_s)
    try:
        parsed = await read_query_request(request, settings.max_query_chars)
    except ApiError as exc:
        view.errors.append(exc.message)
        return _page(view, site, exc.status)
    if parsed.query is None:
        example = next((e for e in known if e.name == request.query_params.get("example")), None)
        if example is not None:
            view.query, view.example = example.text, example.name
        return _page(view, site, 200)
    view.query = parsed.query
    call = ProtocolCall(parsed.query, parsed.dataset, settings.base_iri, settings.max_result_rows)

    def job(deadline: Deadline) -> tuple[Outcome, Filled]:
        form_of(call.query)  # refuses updates before anything runs, as /sparql does
        check_no_service(call.query, base_iri=call.base_iri)
        outcome = execute(services.store, call, deadline)
        # The table's cells are looked up here, in the worker, not on the event loop.
        return outcome, fill(site, outcome, SHOWN_ROWS) if chosen.media_type is None else (None, None)

    answer, status = await run_for_page(services, job, view.errors)
    if answer is None:
        return _page(view, site, status)
    outcome, filled = answer
    if chosen.media_type is not None:
        if chosen.media_type not in offers(outcome):
            view.errors.append(f"{chosen.text} cannot hold the answer of this query: choose another format.")
            return _page(view, site, 406)
        name = f"results.{chosen.extension}"
        return Response(serialize(outcome, chosen.media_type), media_type=content_type(chosen.media_type),
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept",
                                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
    view.table, view.boolean = filled
    view.graph = isinstance(outcome, Graph)
    return _page(view, site, status)


def _page(view: SparqlPage, site: Site, status: int) -> Response:
    return render.page("sparql.html", status_code=status, current="/sparql", page=view, site=site,
                       version=site.vocabulary.version)
