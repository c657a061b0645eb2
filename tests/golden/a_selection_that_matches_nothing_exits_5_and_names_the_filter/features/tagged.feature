Feature: Tagged scenarios

  @smoke
  Scenario: Smoke
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"

  @slow
  Scenario: Slow
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"
