"""Rules that replaced a class name seen on one site by the structural signal behind it
(session 7 audit, docs/benchmarks.md "audit for special cases"), tested on real fragments."""

from __future__ import annotations

from newscrawler.extract import extract_raw

# jobsnhire.com (trafilatura corpus): the byline's only class, "wrote_by", was once listed as
# a byline class; what says "byline" is the label "By" before a linked name.
BY_LINKED_NAME = """<html><head><title>CVS Health Platinum Whitening Kit Review</title></head>
<body><h1>CVS Health Platinum Whitening Kit Review: Does It Work?</h1>
<div class="story_flow">     <div class="wrote_by">         By&nbsp;<a href="/reporters/jose-de-la-cruz">Jose de la Cruz</a>        <!-- tool start -->         <!--<div class="tool">         </div>-->         <!-- tool end -->     </div>
<div class="clear"></div><div id="content">
<p>CVS Health sells a whitening kit that promises visibly whiter teeth within a week of use, and
shoppers have been asking whether the results match the claims printed on the box.</p>
<p>We tried the kit for seven days and compared it with two other products sold in pharmacies,
following the instructions on the package and photographing the results each morning.</p>
</div></div></body></html>"""


def test_a_label_then_a_linked_name_is_a_byline_whatever_the_class():
    article = extract_raw(BY_LINKED_NAME, "https://www.jobsnhire.com/articles/1")
    assert article.authors_raw == ["By Jose de la Cruz"]


def test_the_same_byline_under_another_class_name():
    page = BY_LINKED_NAME.replace('class="wrote_by"', 'class="meta-line"')
    article = extract_raw(page, "https://example.org/articles/1")
    assert article.authors_raw == ["By Jose de la Cruz"]
