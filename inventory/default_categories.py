"""The ten shared categories every user sees. Their ids are part of the API contract."""

import uuid

DEFAULT_CATEGORIES: tuple[tuple[uuid.UUID, str, str, int], ...] = (
    (uuid.UUID("00000000-0000-4000-8000-000000000001"), "Automotive", "car", 10),
    (uuid.UUID("00000000-0000-4000-8000-000000000002"), "Books", "book", 20),
    (uuid.UUID("00000000-0000-4000-8000-000000000003"), "Clothing", "shirt", 30),
    (uuid.UUID("00000000-0000-4000-8000-000000000004"), "Electronics", "plug", 40),
    (uuid.UUID("00000000-0000-4000-8000-000000000005"), "Furniture", "sofa", 50),
    (uuid.UUID("00000000-0000-4000-8000-000000000006"), "Garden", "leaf", 60),
    (uuid.UUID("00000000-0000-4000-8000-000000000007"), "Kitchen", "utensils", 70),
    (uuid.UUID("00000000-0000-4000-8000-000000000008"), "Sports", "ball", 80),
    (uuid.UUID("00000000-0000-4000-8000-000000000009"), "Tools", "wrench", 90),
    (uuid.UUID("00000000-0000-4000-8000-000000000010"), "Other", "box", 100),
)
