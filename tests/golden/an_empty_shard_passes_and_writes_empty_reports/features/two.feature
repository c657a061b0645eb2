Feature: Two scenarios for three shards

  Scenario: One
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

  Scenario: Two
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"
