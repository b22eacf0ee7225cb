"""The named queries for people: a list, and each query as a form with a results table.

Browsers reach these pages at ``/queries`` and ``/queries/{name}`` (``api/web/negotiation.py``);
the CSV and JSON downloads are the API's own answers at the same URL with ``?format=``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from mscos_kg.config import Settings
from mscos_kg.queries import Catalog, NamedQuery, ParameterError, UnknownIdentifierError, UnknownQueryError, run_query
from mscos_kg.store.errors import QueryEvaluationError, StoreError

from ..deps import get_settings, get_store, vocabulary_of
from ..errors import ApiError
from ..named_queries import get_catalog, to_outcome
from ..query_runner import Deadline, QueryRunner, RunTimeoutError, get_query_runner
from ..sparql_results import Outcome
from ..web import render
from ..web.query_form import SHOWN_ROWS, QueryPage, fields, fill, given
from ..web.site import Site
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
    request: Request,
    name: QueryName,
    catalog: Annotated[Catalog, Depends(get_catalog)],
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
    runner: Annotated[QueryRunner, Depends(get_query_runner)],
) -> Response:
    site = Site.of(vocabulary_of(request))
    try:
        query = catalog.get(name)
    except UnknownQueryError:
        return error_page(404, "No such query", f"No named query is called '{name}'.", link=("/queries", "All queries"))
    values = given(query, dict(request.query_params))
    ready = all(p.name in values for p in query.parameters if p.required)
    errors: dict[str, str] = {}
    status = 200
    view = QueryPage(query, [], values, ready)
    if ready:
        try:
            query.parse(values, base_iri=settings.base_iri)
        except ParameterError as exc:
            errors[exc.name] = str(exc)
            view.errors.append(str(exc))
            status = 400
        else:
            status = await _run(view, site, query, values, settings, store, runner)
    view.fields = fields(site, query, values, errors)
    return render.page("query.html", status_code=status, current="/queries", page=view, site=site,
                       version=site.vocabulary.version)


async def _run(view: QueryPage, site: Site, query: NamedQuery, values: dict[str, str], settings: Settings,
               store: Any, runner: QueryRunner) -> int:
    """Fill the page with the result; the HTTP status of the page."""

    def job(_: Deadline) -> Outcome:
        return to_outcome(run_query(store, query, values, base_iri=settings.base_iri), settings.max_result_rows)

    try:
        outcome = await runner.run(job, settings.query_timeout_s)
    except RunTimeoutError:
        view.errors.append(f"The query did not finish within {settings.query_timeout_s:g} seconds.")
        return 504
    except ApiError as exc:
        view.errors.append(exc.message)
        return exc.status
    except ParameterError as exc:  # an identifier the store does not hold, or of the wrong kind
        view.errors.append(str(exc))
        return 404 if isinstance(exc, UnknownIdentifierError) else 400
    except QueryEvaluationError as exc:
        view.errors.append(f"The query failed: {exc}")
        return 400
    except StoreError as exc:
        view.errors.append(f"The store is not available: {exc}")
        return 503
    view.table, view.boolean = fill(site, outcome, SHOWN_ROWS)
    return 200

