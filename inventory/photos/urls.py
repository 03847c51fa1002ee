from django.urls import path

from inventory.photos import apis

urlpatterns = [
    path("items/<uuid:item_id>/images", apis.ItemImagesApi.as_view(), name="item-images"),
    path("items/<uuid:item_id>/images/sign", apis.ImageSignApi.as_view(), name="image-sign"),
    path("items/<uuid:item_id>/images/confirm", apis.ImageConfirmApi.as_view(),
         name="image-confirm"),
    path("items/<uuid:item_id>/images/order", apis.ImageOrderApi.as_view(), name="image-order"),
    path("images/<uuid:image_id>", apis.ImageDetailApi.as_view(), name="image-detail"),
]
