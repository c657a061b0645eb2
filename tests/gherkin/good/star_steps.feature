Feature: Star steps
  Scenario: Stars
    * address "$TARGET"
    * the URL is invoked
    Then status is "200"
    * the body is empty
