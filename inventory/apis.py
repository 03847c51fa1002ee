"""Thin DRF views: parse with a serializer, call one service or selector, shape the output."""

from django.http import HttpResponseNotModified
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory import etags, export, selectors, services
from inventory.serializers import (
    CategoryInSerializer,
    CategoryOutSerializer,
    HistoryOutSerializer,
    ItemFiltersSerializer,
    ItemInSerializer,
    ItemOutSerializer,
    LocationInSerializer,
    LocationOutSerializer,
    household_param,
    item_filters_from,
)
from tracktory.api.cursors import PageParamsSerializer
from tracktory.api.etags import if_match, not_modified
from tracktory.api.idempotency import idempotent
from tracktory.api.renderers import paginated
from tracktory.api.validation import valid

HOUSEHOLD_PARAM = OpenApiParameter(
    "householdId", OpenApiTypes.UUID,
    description="Only this household's rows (default: every household of the caller).",
)
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="The item's ETag; a stale one is 409 PRECONDITION_FAILED. Optional.",
)


def page_params(request) -> dict:
    return valid(PageParamsSerializer, request.query_params.dict())


def item_response(item, *, status_code=status.HTTP_200_OK) -> Response:
    response = Response(ItemOutSerializer(item).data, status=status_code)
    response["ETag"] = etags.item_etag(item)
    return response


def fresh_item(*, user, item_id):
    """Re-read after a write so images[] and timestamps are what a GET would show."""
    return selectors.item_get(user=user, item_id=item_id)


# ---- items -------------------------------------------------------------------------------

class ItemListApi(APIView):
    @extend_schema(operation_id="items_list", parameters=[ItemFiltersSerializer,
                                                          PageParamsSerializer],
                   responses=ItemOutSerializer(many=True))
    def get(self, request):
        filters = item_filters_from(request.query_params)
        params = page_params(request)
        page = selectors.item_list(user=request.user, filters=filters,
                                   cursor=params.get("cursor"), limit=params["limit"])
        tag = etags.item_page_etag(page.rows, next_cursor=page.next_cursor)
        if not_modified(request, tag):
            return HttpResponseNotModified(headers={"ETag": tag})
        response = Response(ItemOutSerializer(page.rows, many=True).data)
        response["ETag"] = tag
        return paginated(response, limit=page.limit, next_cursor=page.next_cursor)

    @extend_schema(operation_id="items_create", request=ItemInSerializer,
                   responses={201: ItemOutSerializer})
    @idempotent
    def post(self, request):
        data = valid(ItemInSerializer, request.data)
        item = services.item_create(user=request.user, **data)
        response = item_response(fresh_item(user=request.user, item_id=item.id),
                                 status_code=status.HTTP_201_CREATED)
        response["Location"] = reverse("item-detail", kwargs={"item_id": item.id})
        return response


class ItemDetailApi(APIView):
    @extend_schema(operation_id="items_retrieve", responses={200: ItemOutSerializer, 304: None})
    def get(self, request, item_id):
        item = selectors.item_get(user=request.user, item_id=item_id)
        if not_modified(request, etags.item_etag(item)):
            return HttpResponseNotModified(headers={"ETag": etags.item_etag(item)})
        return item_response(item)

    def _update(self, request, item_id, *, partial: bool):
        changes = valid(ItemInSerializer, request.data, partial=partial)
        item = services.item_update(user=request.user, item_id=item_id, changes=changes,
                                    expected_etags=if_match(request))
        return item_response(fresh_item(user=request.user, item_id=item.id))

    @extend_schema(operation_id="items_update", request=ItemInSerializer,
                   responses=ItemOutSerializer, parameters=[IF_MATCH_HEADER])
    @idempotent
    def put(self, request, item_id):
        return self._update(request, item_id, partial=False)

    @extend_schema(operation_id="items_partial_update", request=ItemInSerializer(partial=True),
                   responses=ItemOutSerializer, parameters=[IF_MATCH_HEADER])
    @idempotent
    def patch(self, request, item_id):
        return self._update(request, item_id, partial=True)

    @extend_schema(operation_id="items_destroy", responses={204: None},
                   parameters=[IF_MATCH_HEADER])
    def delete(self, request, item_id):
        services.item_delete(user=request.user, item_id=item_id,
                             expected_etags=if_match(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemHistoryApi(APIView):
    @extend_schema(operation_id="items_history", parameters=[PageParamsSerializer],
                   responses=HistoryOutSerializer(many=True))
    def get(self, request, item_id):
        params = page_params(request)
        page = selectors.item_history(user=request.user, item_id=item_id,
                                      cursor=params.get("cursor"), limit=params["limit"])
        response = Response(HistoryOutSerializer(page.rows, many=True).data)
        return paginated(response, limit=page.limit, next_cursor=page.next_cursor)


# ---- categories and locations ------------------------------------------------------------

class CategoryListApi(APIView):
    @extend_schema(operation_id="categories_list", parameters=[HOUSEHOLD_PARAM],
                   responses=CategoryOutSerializer(many=True))
    def get(self, request):
        categories = selectors.categories_for(
            user=request.user, household_id=household_param(request.query_params))
        return Response(CategoryOutSerializer(categories, many=True).data)

    @extend_schema(operation_id="categories_create", request=CategoryInSerializer,
                   responses={201: CategoryOutSerializer})
    @idempotent
    def post(self, request):
        category = services.category_create(user=request.user,
                                            **valid(CategoryInSerializer, request.data))
        return Response(CategoryOutSerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetailApi(APIView):
    @extend_schema(operation_id="categories_retrieve", responses=CategoryOutSerializer)
    def get(self, request, category_id):
        category = selectors.category_get(user=request.user, category_id=category_id)
        return Response(CategoryOutSerializer(category).data)

    @extend_schema(operation_id="categories_update", request=CategoryInSerializer,
                   responses=CategoryOutSerializer)
    @idempotent
    def put(self, request, category_id):
        category = services.category_update(user=request.user, category_id=category_id,
                                            **valid(CategoryInSerializer, request.data))
        return Response(CategoryOutSerializer(category).data)

    @extend_schema(operation_id="categories_destroy", responses={204: None})
    def delete(self, request, category_id):
        services.category_delete(user=request.user, category_id=category_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LocationListApi(APIView):
    @extend_schema(operation_id="locations_list", parameters=[HOUSEHOLD_PARAM],
                   responses=LocationOutSerializer(many=True))
    def get(self, request):
        locations = selectors.locations_for(
            user=request.user, household_id=household_param(request.query_params))
        return Response(LocationOutSerializer(locations, many=True).data)

    @extend_schema(operation_id="locations_create", request=LocationInSerializer,
                   responses={201: LocationOutSerializer})
    @idempotent
    def post(self, request):
        location = services.location_create(user=request.user,
                                            **valid(LocationInSerializer, request.data))
        return Response(LocationOutSerializer(location).data, status=status.HTTP_201_CREATED)


class LocationDetailApi(APIView):
    @extend_schema(operation_id="locations_retrieve", responses=LocationOutSerializer)
    def get(self, request, location_id):
        location = selectors.location_get(user=request.user, location_id=location_id)
        return Response(LocationOutSerializer(location).data)

    @extend_schema(operation_id="locations_update", request=LocationInSerializer,
                   responses=LocationOutSerializer)
    @idempotent
    def put(self, request, location_id):
        location = services.location_update(user=request.user, location_id=location_id,
                                            **valid(LocationInSerializer, request.data))
        return Response(LocationOutSerializer(location).data)

    @extend_schema(operation_id="locations_destroy", responses={204: None})
    def delete(self, request, location_id):
        services.location_delete(user=request.user, location_id=location_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- export ------------------------------------------------------------------------------

class FirstRendererNegotiation(BaseContentNegotiation):
    """`?format=` here names the export's file format, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class ExportApi(APIView):
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="export",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=list(export.FORMATS),
                                     required=True), HOUSEHOLD_PARAM],
        responses={(200, "text/csv"): OpenApiTypes.STR,
                   (200, "application/json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return export.export_response(user=request.user,
                                      file_format=request.query_params.get("format"),
                                      household_id=household_param(request.query_params),
                                      absolute=request.build_absolute_uri)
