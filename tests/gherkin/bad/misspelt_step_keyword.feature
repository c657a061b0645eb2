Feature: F
  Scenario: S
    Given address "$TARGET"
    Wen the URL is invoked
    Then status is "200"
