"""Where the vendor's list answers keep their records and their paging facts: dotted paths
into the answer, by pagination style (each paginator reads its own). None: the answer does
not say, and the paginator goes by what it asked for, or ends on a short page.

These are the bundled sandbox's names; a project generated from the vendor's spec
(`integration-template new --vendor-spec`) has the names its spec declares here.
"""

# cursor: the records, whether more pages follow (None: while the answer gives a next
# cursor), and the next page's cursor.
CURSOR_RECORDS = "data"
CURSOR_HAS_MORE: str | None = "has_more"
CURSOR_NEXT = "next_cursor"
# page_number: the records ("": the answer is the array itself), the page's number and
# how many pages there are.
PAGE_RECORDS = "results"
PAGE_NUMBER: str | None = "page"
PAGE_COUNT: str | None = "total_pages"
# offset: the records, the offset of the first one and how many there are in all.
OFFSET_RECORDS = "items"
OFFSET_START: str | None = "offset"
OFFSET_TOTAL: str | None = "total"
