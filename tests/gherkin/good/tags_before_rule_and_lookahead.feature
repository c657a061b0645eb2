Feature: Lookahead

  Scenario Outline: First
    Given <x>

    Examples:
      | x |
      | 1 |

    @next
    # the tag above belongs to the scenario below, not to more examples

    Scenario: Second
      Given a step

  @rule-tag
  @second-line

  Rule: Tagged rule
    @in-rule
    Scenario: In rule
      Given a step
