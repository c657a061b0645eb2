Feature: Doc strings

  Scenario: Bodies
    Given request body is
      """
      {"name": "Alice",
        "role": "admin"}

      trailing text
      """
    And request body is
      ```json
      {"a": 1}
      ```
    And request body is
      """  xml  
      <a/>
      """
    And request body is
      """
   less indented than the delimiter
          more indented
      """
    And request body is
      ```
      """ inside backticks
      \`\`\` escaped backticks
      ```
    And request body is
      """
      ``` inside quotes
      \"\"\" escaped quotes
      """
    And request body is
      """
      """
    And request body is
      """

      """
