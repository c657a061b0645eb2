Feature: CRLF
  A description

  Scenario: Windows line endings
    Given a request
      """
      body line 1
      body line 2
      """
    And a table
      | a | b |
