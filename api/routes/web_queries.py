"""The named queries for people: a list, and each query as a form with a results table.

Browsers reach these pages at ``/queries`` and ``/queries/{name}`` (``api/web/negotiation.py``);
the CSV and JSON downloads are the API's own answers at the same URL with ``?format=``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from mscos_kg.queries import Catalog, NamedQuery, ParameterError, UnknownQueryError, run_query

from ..deps import vocabulary_of
from ..named_queries import get_catalog, to_outcome
from ..query_runner import Deadline
from ..sparql_results import Outcome
from ..web import render
from ..web.page_query import PageServices, get_page_services, run_for_page
from ..web.query_form import SHOWN_ROWS, QueryPage, fields, fill, given
from .web import GET_HEAD, error_page

router = APIRouter(include_in_schema=False)
QueryName = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]


@router.api_route("/queries.html", methods=GET_HEAD)
async def queries_page(request: Request, catalog: Annotated[Catalog, Depends(get_catalog)]) -> Response:
    queries = [catalog.get(name) for name in catalog.names()]
    return render.page("queries.html", current="/queries", questions=[q for q in queries if not q.is_check],
                       checks=[q for q in queries if q.is_check], version=vocabulary_of(request).version)


@router.api_route("/queries/{name}.html", methods=GET_HEAD)
async def query_page(
    request: Request, name: QueryName, services: Annotated[PageServices, Depends(get_page_services)]
) -> Response:
    site = services.site
    try:
        query = services.catalog.get(name)
    except UnknownQueryError:
        return error_page(404, "No such query", f"No named query is called '{name}'.", link=("/queries", "All queries"))
    values = given(query, dict(request.query_params))
    ready = all(p.name in values for p in query.parameters if p.required)
    errors: dict[str, str] = {}
    status = 200
    view = QueryPage(query, [], values, ready)
    if ready:
        try:
            query.parse(values, base_iri=services.settings.base_iri)
        except ParameterError as exc:
            errors[exc.name] = str(exc)
            view.errors.append(str(exc))
            status = 400
        else:
            status = await _run(view, query, values, services)
    view.fields = fields(site, query, values, errors)
    return render.page("query.html", status_code=status, current="/queries", page=view, site=site,
                       version=site.vocabulary.version)


async def _run(view: QueryPage, query: NamedQuery, values: dict[str, str], services: PageServices) -> int:
    """Fill the page with the result; the HTTP status of the page."""
    settings = services.settings

    def job(_: Deadline) -> Outcome:
        return to_outcome(run_query(services.store, query, values, base_iri=settings.base_iri),
                          settings.max_result_rows)

    outcome, status = await run_for_page(services, job, view.errors)
    if outcome is not None:
        view.table, view.boolean = fill(services.site, outcome, SHOWN_ROWS)
    return status
