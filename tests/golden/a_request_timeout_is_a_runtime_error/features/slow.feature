Feature: A slow target

  Scenario: The response takes longer than --timeout
    Given address "$TARGET"
    And URL path "/slow"
    When the URL is invoked
    Then status is "200"
