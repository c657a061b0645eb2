Feature: XPath checks select exactly one node

  Background:
    Given address "$TARGET"
    And URL path "/xml"
    And format "XML"
    When the URL is invoked

  Scenario: An XPath that selects nothing
    Then XPath "//missing" is "x"

  Scenario: An XPath that selects two nodes
    Then XPath "//item" is "a"

  Scenario: A namespaced element without its prefix
    Then XPath "//action/code" is an integer "0"

  Scenario: A prefix that was never declared
    Then XPath "//demo:action/demo:code" is an integer "0"
