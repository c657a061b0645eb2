Feature: Outlines

  Scenario Outline: Get <path>
    Given URL path "<path>"
    When the URL is invoked
    Then status is "<status>"

    @found
    Examples: Found
      | path   | status |
      | /users | 200    |
      | /items | 200    |

    @missing @slow
    Scenarios:
      Paths that do not exist.
      | path    | status |
      | /nobody | 404    |

    Examples: No table yet

  Scenario Template: Another outline
    Given URL path "<p>"

    Examples:
      | p |
