Feature: Both arguments

  Scenario: Table then doc string
    Given a request
      | method | POST |
      """
      body
      """
    And another request
      """json
      {}
      """
      | method | PUT |
      | path   | /x  |
    Then status is "200"
