"""PostgreSQL search: a weighted tsvector and a searchable text per item, kept by triggers.

On SQLite (the embedded default) this migration does nothing; search there matches
substrings through the ORM.

- `search_vector`: name (A), description (B), category name (C), location name (D), with
  the language-neutral 'simple' configuration (no stemming, no stop words: prefix search
  behaves the same in every language and like the SQLite fallback).
- `search_document`: the same four texts, one per line, for trigram substring matching.
- Triggers keep both current when an item is written and when its category or location
  is renamed; database triggers rather than Django signals, so bulk updates, COPY, admin
  edits and raw SQL all stay in step.
- GIN indexes: on the vector, a trigram index on the name (typos, autocomplete) and on
  the document (substring matches).
"""

from django.db import migrations

from inventory.migration_ops import postgresql_sql

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE inventory_item
    ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN search_document text NOT NULL DEFAULT '';

CREATE FUNCTION inventory_item_search_vector(name text, description text, category text,
                                             location text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(category, '')), 'C')
        || setweight(to_tsvector('simple'::regconfig, coalesce(location, '')), 'D')
$$;

CREATE FUNCTION inventory_item_search_document(name text, description text, category text,
                                               location text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n', coalesce(name, ''), coalesce(description, ''),
                     coalesce(category, ''), coalesce(location, ''))
$$;

CREATE FUNCTION inventory_item_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    category_name text;
    location_name text;
BEGIN
    SELECT c.name INTO category_name FROM inventory_category c WHERE c.id = NEW.category_id;
    SELECT l.name INTO location_name FROM inventory_location l WHERE l.id = NEW.location_id;
    NEW.search_vector := inventory_item_search_vector(
        NEW.name, NEW.description, category_name, location_name);
    NEW.search_document := inventory_item_search_document(
        NEW.name, NEW.description, category_name, location_name);
    RETURN NEW;
END
$$;

CREATE TRIGGER inventory_item_search_insert
    BEFORE INSERT ON inventory_item
    FOR EACH ROW EXECUTE FUNCTION inventory_item_search_refresh();

-- Django's save() writes every column; only a change to a searched one recomputes.
CREATE TRIGGER inventory_item_search_update
    BEFORE UPDATE OF name, description, category_id, location_id ON inventory_item
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name
          OR OLD.description IS DISTINCT FROM NEW.description
          OR OLD.category_id IS DISTINCT FROM NEW.category_id
          OR OLD.location_id IS DISTINCT FROM NEW.location_id)
    EXECUTE FUNCTION inventory_item_search_refresh();

CREATE FUNCTION inventory_category_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inventory_item i
       SET search_vector = inventory_item_search_vector(
               i.name, i.description, NEW.name,
               (SELECT l.name FROM inventory_location l WHERE l.id = i.location_id)),
           search_document = inventory_item_search_document(
               i.name, i.description, NEW.name,
               (SELECT l.name FROM inventory_location l WHERE l.id = i.location_id))
     WHERE i.category_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER inventory_category_search_rename
    AFTER UPDATE OF name ON inventory_category
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION inventory_category_search_refresh();

CREATE FUNCTION inventory_location_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inventory_item i
       SET search_vector = inventory_item_search_vector(
               i.name, i.description,
               (SELECT c.name FROM inventory_category c WHERE c.id = i.category_id), NEW.name),
           search_document = inventory_item_search_document(
               i.name, i.description,
               (SELECT c.name FROM inventory_category c WHERE c.id = i.category_id), NEW.name)
     WHERE i.location_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER inventory_location_search_rename
    AFTER UPDATE OF name ON inventory_location
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION inventory_location_search_refresh();

-- Items written before this migration.
UPDATE inventory_item i
   SET search_vector = inventory_item_search_vector(
           i.name, i.description,
           (SELECT c.name FROM inventory_category c WHERE c.id = i.category_id),
           (SELECT l.name FROM inventory_location l WHERE l.id = i.location_id)),
       search_document = inventory_item_search_document(
           i.name, i.description,
           (SELECT c.name FROM inventory_category c WHERE c.id = i.category_id),
           (SELECT l.name FROM inventory_location l WHERE l.id = i.location_id));

CREATE INDEX inventory_item_search_vector_gin ON inventory_item USING gin (search_vector);
CREATE INDEX inventory_item_name_trgm ON inventory_item USING gin (name gin_trgm_ops);
CREATE INDEX inventory_item_search_document_trgm
    ON inventory_item USING gin (search_document gin_trgm_ops);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS inventory_item_search_vector_gin;
DROP INDEX IF EXISTS inventory_item_name_trgm;
DROP INDEX IF EXISTS inventory_item_search_document_trgm;
DROP TRIGGER IF EXISTS inventory_location_search_rename ON inventory_location;
DROP TRIGGER IF EXISTS inventory_category_search_rename ON inventory_category;
DROP TRIGGER IF EXISTS inventory_item_search_update ON inventory_item;
DROP TRIGGER IF EXISTS inventory_item_search_insert ON inventory_item;
DROP FUNCTION IF EXISTS inventory_location_search_refresh();
DROP FUNCTION IF EXISTS inventory_category_search_refresh();
DROP FUNCTION IF EXISTS inventory_item_search_refresh();
ALTER TABLE inventory_item DROP COLUMN IF EXISTS search_document,
                           DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS inventory_item_search_document(text, text, text, text);
DROP FUNCTION IF EXISTS inventory_item_search_vector(text, text, text, text);
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_default_categories")]

    operations = [
        postgresql_sql(FORWARD, BACKWARD),
    ]
