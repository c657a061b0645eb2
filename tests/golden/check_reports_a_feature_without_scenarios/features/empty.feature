Feature: Nothing to run

  Backgroud:
    Given address "$TARGET"

  Scenaro: Get the document
    Given URL path "/json"
    When the URL is invoked

  Exmaples:
