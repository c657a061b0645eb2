Feature: XML and SOAP
  An XML request from a file with values set by XPath, and XPath checks of an
  XML response. Every XPath must select exactly one node.

  Background:
    Given address "$TARGET"
    And format "XML"
    And namespace prefix "demo" of "http://example.com/demo"

  Scenario: XPath checks of a SOAP reply
    Given URL path "/xml"
    When the URL is invoked
    Then XPath "//demo:action/demo:code" is an integer "0"
    And XPath "//demo:action/demo:msg" is "How do you do?"
    And XPath "//price" is a float "9.5"
    And XPath "//note" is empty
    And XPath "//demo:action/demo:msg" is not empty
    And XPath "//status" is one of "new,open,closed"
    And XPath "//status" is not one of "deleted,banned"
    And XPath "//status" isn't one of "gone"
    And I store "//demo:action/demo:msg" from response under "msg"
    And I store "//missing" from response under "other", default "none"
    And variable "#msg" is a string "How do you do?"
    And variable "#other" is a string "none"

  Scenario: XPath setters in an XML request
    Given URL path "/xml/echo"
    And REST method "POST"
    And SOAP action "demo:xml"
    And request "demo.xml"
    And date format "day" "YYYY-MM-DD"
    And XPath "//howdy" in request is "partner"
    And XPath "//and-beyond" in request is one of "Arcturus, Ανδρομέδα, ほうおう座"
    And XPath "//demo:id" in request is "id-1"
    And XPath "//rs" in request is a random string
    And XPath "//ri" in request is a random integer
    And XPath "//rf" in request is a random float
    And XPath "//pick" in request is one of "red,green,blue"
    And XPath "//rd" in request is a random date "default"
    And XPath "//now" in request is now "day"
    And XPath "//utc" in request is UTC now "default"
    And XPath "//hour-ago" in request is UTC now "default" minus one hour
    And XPath "//after" in request is a random date after "2020-01-01" "day"
    And XPath "//before" in request is a random date before "2020-01-01" "day"
    And XPath "//between" in request is a random date between "2020-02-29" and "2020-02-29" "day"
    When the URL is invoked
    Then header "X-SOAPAction" is "demo:xml"
    And XPath "//howdy" is "partner"
    And XPath "//and-beyond" is one of "Arcturus, Ανδρομέδα, ほうおう座"
    And XPath "//pick" is one of "red,green,blue"
    And XPath "//ri" is not empty
    And XPath "//between" is "2020-02-29"
