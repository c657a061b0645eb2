@feature-tag @another   @third
@on-a-second-line
Feature: Tags

  @scenario-tag #a comment after tags
  @a@b @c#not-a-comment
  Scenario: Tagged
    Given address "$TARGET"

  @outline
  Scenario Outline: Tagged outline
    Given URL path "<p>"

    @ex1
    Examples:
      | p |
      | / |

    @ex2
    # comment between tags and keyword

    @ex3
    Examples:
      | p  |
      | /a |

  @next-scenario
  Scenario: After examples
    Given address "$TARGET"
