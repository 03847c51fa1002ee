import assert from "node:assert/strict";
import { test } from "node:test";

import { decodeEntities, highlightSegments, matchSegments } from "../../static/js/highlight.js";

test("the API's <em> marks become emphasised segments, the rest plain text", () => {
  assert.deepEqual(highlightSegments("Cordless <em>drill</em> kit"), [
    { text: "Cordless ", em: false },
    { text: "drill", em: true },
    { text: " kit", em: false },
  ]);
});

test("escaped text is decoded once, never parsed as markup", () => {
  const segments = highlightSegments("&lt;img src=x onerror=alert(1)&gt; &amp; <em>a&#x27;b</em>");
  assert.deepEqual(segments, [
    { text: "<img src=x onerror=alert(1)> & ", em: false },
    { text: "a'b", em: true },
  ]);
});

test("any other tag is dropped and its text kept", () => {
  assert.deepEqual(highlightSegments('<b onclick="x()">bold</b><!-- c --><em><i>in</i></em>'), [
    { text: "bold", em: false },
    { text: "in", em: true },
  ]);
  assert.deepEqual(highlightSegments(""), []);
  assert.deepEqual(highlightSegments(null), []);
});

test("unknown entities stay as written", () => {
  assert.equal(decodeEntities("&bogus; &#65; &#x42;"), "&bogus; A B");
});

test("offline highlighting marks every match, case-insensitively", () => {
  assert.deepEqual(matchSegments("Drill and drill bits", "dri"), [
    { text: "Dri", em: true },
    { text: "ll and ", em: false },
    { text: "dri", em: true },
    { text: "ll bits", em: false },
  ]);
  assert.deepEqual(matchSegments("Hammer", "saw"), [{ text: "Hammer", em: false }]);
  assert.deepEqual(matchSegments("Hammer", ""), [{ text: "Hammer", em: false }]);
});
