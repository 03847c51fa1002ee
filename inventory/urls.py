from django.urls import path

from inventory import apis

urlpatterns = [
    path("items", apis.ItemListApi.as_view(), name="item-list"),
    path("items/<uuid:item_id>", apis.ItemDetailApi.as_view(), name="item-detail"),
    path("items/<uuid:item_id>/history", apis.ItemHistoryApi.as_view(), name="item-history"),
    path("categories", apis.CategoryListApi.as_view(), name="category-list"),
    path("categories/<uuid:category_id>", apis.CategoryDetailApi.as_view(),
         name="category-detail"),
    path("locations", apis.LocationListApi.as_view(), name="location-list"),
    path("locations/<uuid:location_id>", apis.LocationDetailApi.as_view(),
         name="location-detail"),
    path("export", apis.ExportApi.as_view(), name="export"),
]
