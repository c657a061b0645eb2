Feature: Zato API Testing Demo

Scenario: *** REST API Demo ***

    Given address "$TARGET"
    Given URL path "/demo/rest"
    Given query string "?demo=1"
    Given format "JSON"
    Given REST method "POST"
    Given header "X-Custom-Header" "MyValue"
    Given request is "{}"
    Given path "/a" in request is "abc"
    Given path "/foo" in request is an integer "7"
    Given path "/bar" in request is a list "1,2,3,4,5"
    Given path "/baz" in request is a random string
    Given path "/hi5" in request is one of "a,b,c,d,e"

    When the URL is invoked

    Then path "/action/msg" is "How do you do?"
    And path "/action/code" is an integer "0"
    And path "/action/flow" is a list "Ack,Done"
    And status is "200"
    And header "Server" is not empty
    And response is equal to that from "demo.json"
