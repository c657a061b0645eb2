@api
Feature: Tags and names select scenarios

  @smoke
  Scenario: Fast check selected by tag and name
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

  @smoke
  Scenario: Slow check excluded by --name
    Given address "$TARGET"
    And URL path "/slow"
    When the URL is invoked

  Scenario: Fast but not tagged smoke
    Given address "$TARGET"
    And URL path "/text"
    When the URL is invoked
    Then status is "200"
