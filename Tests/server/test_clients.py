"""Real SPARQL clients against the running endpoint: SPARQLWrapper and rdflib's SPARQLStore."""
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from conftest import EO, TOKEN

IMAGE = "S1A_EW_GRDH_1SDH_20210303T071512_040000"
LOOKUP = f'PREFIX eo: <{EO}> SELECT ?image ?platform WHERE {{ ?image eo:imageID "{IMAGE}" ; eo:platform ?platform }}'


def wrapper(server, fmt=JSON):
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_select_in_every_results_format(server):
    sparql = wrapper(server)
    sparql.setQuery(LOOKUP)
    rows = sparql.query().convert()["results"]["bindings"]
    assert [r["image"]["value"] for r in rows] == [f"https://w3id.org/ptolemy/demo/image/{IMAGE}"]
    assert rows[0]["platform"]["value"] == EO + "Sentinel1A"

    sparql.setReturnFormat(XML)
    document = sparql.query().convert()  # a DOM document
    assert document.getElementsByTagName("uri")[0].firstChild.data.endswith(IMAGE)

    sparql.setReturnFormat(CSV)
    assert sparql.query().convert().decode().splitlines()[0] == "image,platform"
    sparql.setReturnFormat(TSV)
    assert sparql.query().convert().decode().splitlines()[0] == "?image\t?platform"


def test_sparqlwrapper_sends_by_get_form_and_direct_post(server):
    for method, request_method in [(None, None), (POST, None), (POST, POSTDIRECTLY)]:
        sparql = wrapper(server)
        if method:
            sparql.setMethod(method)
        if request_method:
            sparql.setRequestMethod(request_method)
        sparql.setQuery(LOOKUP)
        assert len(sparql.query().convert()["results"]["bindings"]) == 1


def test_sparqlwrapper_ask_and_construct(server):
    sparql = wrapper(server)
    sparql.setQuery(f'ASK {{ ?i <{EO}imageID> "{IMAGE}" }}')
    assert sparql.query().convert()["boolean"] is True
    # CONSTRUCT with the default (RDF/XML) comes back as an rdflib graph.
    sparql = wrapper(server, XML)
    sparql.setQuery(f"CONSTRUCT {{ ?i <{EO}imageID> ?id }} WHERE {{ ?i <{EO}imageID> ?id }}")
    graph = sparql.query().convert()
    assert isinstance(graph, rdflib.Graph)
    ids = {str(o) for o in graph.objects(None, rdflib.URIRef(EO + "imageID"))}
    assert IMAGE in ids and len(ids) == 7


def test_sparqlwrapper_errors(server):
    sparql = wrapper(server)
    sparql.setQuery("SELECT * WHERE { ?s ?p }")
    try:
        sparql.query()
        raise AssertionError("a syntax error must fail")
    except QueryBadFormed as e:
        assert "line 1" in str(e)
    update = wrapper(server)
    update.setMethod(POST)
    update.setQuery("INSERT DATA { <http://example.org/w> <http://example.org/p> 1 }")
    try:
        update.query()
        raise AssertionError("an update without a token must fail")
    except Unauthorized:
        pass


def test_sparqlwrapper_update_with_the_token(server):
    update = wrapper(server)
    update.setMethod(POST)
    update.addCustomHttpHeader("Authorization", "Bearer " + TOKEN)
    update.setQuery("INSERT DATA { GRAPH <http://example.org/clients> { <http://example.org/w> <http://example.org/p> 42 } }")
    update.query()
    rows = server.select("SELECT ?o WHERE { GRAPH <http://example.org/clients> { <http://example.org/w> ?p ?o } }")
    assert [r["o"]["value"] for r in rows] == ["42"]


def test_rdflib_sparqlstore_reads(server):
    store = SPARQLStore(server.url + "/sparql")
    graph = rdflib.Graph(store)
    rows = list(graph.query(LOOKUP))
    assert len(rows) == 1
    assert str(rows[0].platform) == EO + "Sentinel1A"
    # Triple patterns go through the store as queries too.
    images = set(graph.subjects(rdflib.URIRef(EO + "imageID"), rdflib.Literal(IMAGE)))
    assert images == {rdflib.URIRef(f"https://w3id.org/ptolemy/demo/image/{IMAGE}")}
    constructed = graph.query(f"CONSTRUCT {{ ?i <{EO}imageID> ?id }} WHERE {{ ?i <{EO}imageID> ?id }}")
    assert len(constructed.graph) == 7


def test_rdflib_sparqlupdatestore_writes_and_reads_back(server):
    store = SPARQLUpdateStore(server.url + "/sparql", server.url + "/sparql",
                              headers={"Authorization": "Bearer " + TOKEN})
    graph = rdflib.Graph(store, identifier=rdflib.URIRef("http://example.org/rdflib"))
    subject = rdflib.URIRef("http://example.org/rdflib/item")
    graph.add((subject, rdflib.URIRef("http://example.org/label"), rdflib.Literal("written by rdflib", lang="en")))
    labels = list(graph.objects(subject, rdflib.URIRef("http://example.org/label")))
    assert labels == [rdflib.Literal("written by rdflib", lang="en")]
    graph.remove((subject, None, None))
    assert list(graph.objects(subject, None)) == []
