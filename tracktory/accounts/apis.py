"""Auth endpoints: thin views over `tracktory.accounts.services`."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tracktory.accounts import services
from tracktory.accounts.serializers import (
    RefreshInputSerializer,
    RegisterInputSerializer,
    TokenInputSerializer,
    UserOutputSerializer,
    UserUpdateInputSerializer,
)
from tracktory.api.throttling import AuthEmailThrottle, AuthIpThrottle, UserApiThrottle

TokenPairSerializer = inline_serializer(
    "TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
)
SignedInSerializer = inline_serializer(
    "SignedIn",
    {"access": serializers.CharField(), "refresh": serializers.CharField(),
     "user": UserOutputSerializer()},
)


class PublicAuthApi(APIView):
    """No Authorization header is read here: a stale token must not block signing in."""

    authentication_classes = ()
    permission_classes = (AllowAny,)


class RegisterApi(PublicAuthApi):
    throttle_classes = (AuthIpThrottle, AuthEmailThrottle)

    @extend_schema(request=RegisterInputSerializer, responses={201: SignedInSerializer},
                   auth=[], tags=["auth"])
    def post(self, request):
        payload = RegisterInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.user_register(**payload.validated_data)
        tokens = services.token_pair_for(user=user)
        return Response({**tokens, "user": UserOutputSerializer(user).data},
                        status=status.HTTP_201_CREATED)


class TokenObtainApi(PublicAuthApi):
    throttle_classes = (AuthIpThrottle, AuthEmailThrottle)

    @extend_schema(request=TokenInputSerializer, responses={200: SignedInSerializer},
                   auth=[], tags=["auth"])
    def post(self, request):
        payload = TokenInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user, tokens = services.token_obtain(**payload.validated_data)
        return Response({**tokens, "user": UserOutputSerializer(user).data})


class TokenRefreshApi(PublicAuthApi):
    throttle_classes = (UserApiThrottle,)

    @extend_schema(request=RefreshInputSerializer, responses={200: TokenPairSerializer},
                   auth=[], tags=["auth"])
    def post(self, request):
        payload = RefreshInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(services.token_refresh(refresh=payload.validated_data["refresh"]))


class LogoutApi(PublicAuthApi):
    """Takes only the refresh token, so a client whose access token expired can sign out."""

    throttle_classes = (UserApiThrottle,)

    @extend_schema(request=RefreshInputSerializer, responses={204: None}, auth=[],
                   tags=["auth"])
    def post(self, request):
        payload = RefreshInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.token_revoke(refresh=payload.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class CurrentUserApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: UserOutputSerializer}, tags=["auth"])
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(request=UserUpdateInputSerializer, responses={200: UserOutputSerializer},
                   tags=["auth"])
    def patch(self, request):
        payload = UserUpdateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **payload.to_service_kwargs())
        return Response(UserOutputSerializer(user).data)
