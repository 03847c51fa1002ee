"""Item photo endpoints (/api/items/{id}/images..., /api/images/{id}).

Thin views: validate input, call one service or selector, shape the output.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.photos import selectors, services
from inventory.photos.presenters import ImageOutputSerializer, image_detail
from inventory.photos.serializers import (
    ConfirmUploadInputSerializer,
    ImageOrderInputSerializer,
    ImageUpdateInputSerializer,
    SignUploadInputSerializer,
    SignUploadOutputSerializer,
    UploadInputSerializer,
)
from tracktory.api.idempotency import idempotent
from tracktory.api.validation import valid

TAGS = ["images"]


def created(image) -> Response:
    return Response(image_detail(image), status=status.HTTP_201_CREATED)


class ImageSignApi(APIView):
    @extend_schema(request=SignUploadInputSerializer, responses={200: SignUploadOutputSerializer},
                   tags=TAGS, summary="Sign a direct upload of an original")
    @idempotent
    def post(self, request, item_id):
        item = selectors.item_for_images(user=request.user, item_id=item_id, write=True)
        data = valid(SignUploadInputSerializer, request.data)
        form = services.image_sign_upload(user=request.user, item=item,
                                          content_type=data["contentType"], size=data["size"])
        return Response({
            # Absolute, so a client on another origin can POST to the local endpoint too.
            "uploadUrl": request.build_absolute_uri(form.url),
            "method": form.method,
            "fields": form.fields,
            "headers": form.headers,
            "objectKey": form.key,
            "maxSize": form.max_size,
            "expiresIn": form.expires_in,
        })


class ImageConfirmApi(APIView):
    @extend_schema(request=ConfirmUploadInputSerializer, responses={201: ImageOutputSerializer},
                   tags=TAGS, summary="Confirm a direct upload and make its renditions")
    @idempotent
    def post(self, request, item_id):
        item = selectors.item_for_images(user=request.user, item_id=item_id, write=True)
        data = valid(ConfirmUploadInputSerializer, request.data)
        image = services.image_confirm_upload(user=request.user, item=item,
                                              object_key=data["objectKey"],
                                              alt_text=data.get("altText", ""))
        return created(image)


class ItemImagesApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses={200: ImageOutputSerializer(many=True)}, tags=TAGS,
                   summary="An item's gallery, primary photo first")
    def get(self, request, item_id):
        item = selectors.item_for_images(user=request.user, item_id=item_id)
        return Response([image_detail(image) for image in selectors.images_for_item(item=item)])

    @extend_schema(request={"multipart/form-data": UploadInputSerializer},
                   responses={201: ImageOutputSerializer}, tags=TAGS,
                   summary="Upload an image in one request")
    @idempotent
    def post(self, request, item_id):
        item = selectors.item_for_images(user=request.user, item_id=item_id, write=True)
        data = valid(UploadInputSerializer, request.data)
        image = services.image_upload(user=request.user, item=item, file=data["file"],
                                      alt_text=data.get("altText", ""))
        return created(image)


class ImageOrderApi(APIView):
    @extend_schema(request=ImageOrderInputSerializer,
                   responses={200: ImageOutputSerializer(many=True)}, tags=TAGS,
                   summary="Reorder an item's gallery; the first is the primary photo")
    @idempotent
    def post(self, request, item_id):
        item = selectors.item_for_images(user=request.user, item_id=item_id, write=True)
        data = valid(ImageOrderInputSerializer, request.data)
        ordered = services.image_set_order(user=request.user, item=item,
                                           image_ids=data["imageIds"])
        return Response([image_detail(image) for image in ordered])


class ImageDetailApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(responses={200: ImageOutputSerializer}, tags=TAGS)
    def get(self, request, image_id):
        image = selectors.image_get(user=request.user, image_id=image_id)
        return Response(image_detail(image))

    @extend_schema(request=ImageUpdateInputSerializer, responses={200: ImageOutputSerializer},
                   tags=TAGS, summary="Change alt text or position (0 = primary)")
    @idempotent
    def patch(self, request, image_id):
        image = selectors.image_get(user=request.user, image_id=image_id, write=True)
        data = valid(ImageUpdateInputSerializer, request.data)
        image = services.image_update(user=request.user, image=image,
                                      alt_text=data.get("altText"),
                                      position=data.get("position"))
        return Response(image_detail(image))

    @extend_schema(responses={204: None}, tags=TAGS)
    def delete(self, request, image_id):
        image = selectors.image_get(user=request.user, image_id=image_id, write=True)
        services.image_delete(user=request.user, image=image)
        return Response(status=status.HTTP_204_NO_CONTENT)
