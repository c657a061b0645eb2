Feature: Descriptions
  A feature description
    with an indented line

  # a comment inside the description

  and a line after a blank one


  Background: Setup
    Background text
    Given address "$TARGET"

  Scenario: Described
      Scenario text that looks like Given a step
    # comment
    Examples text is not a keyword here
    Given URL path "/"

  Scenario Outline: Outline
    When the URL is invoked

    Examples: Described examples
      Examples text
      # comment

      | a |
      | 1 |

  Rule: Described rule
    Rule text
    Scenario: In the rule
