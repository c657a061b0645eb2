Feature: Status

  Scenario: The service answers
    Given address "$TARGET"
    And URL path "/json"
    When the URL is invoked
    Then status is "200"
