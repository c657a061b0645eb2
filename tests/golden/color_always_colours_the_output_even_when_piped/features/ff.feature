Feature: Fail fast

  Scenario: Passes
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

  Scenario: Fails
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "418"

  Scenario: Never starts
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
