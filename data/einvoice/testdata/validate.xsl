<!-- Runs the EN 16931 validation stylesheet (UBL or CII, by the root element)
     over every .xml file in $dir, in one JVM, and lists each file's failed
     assertions. Parameters are file: URIs. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
<xsl:param name="dir"/>
<xsl:param name="ubl"/>
<xsl:param name="cii"/>
<xsl:template name="xsl:initial-template">
<results>
<xsl:for-each select="uri-collection($dir || '?select=*.xml')">
  <xsl:variable name="doc" select="doc(.)"/>
  <xsl:variable name="isUBL" select="exists($doc/*[local-name()=('Invoice','CreditNote')])"/>
  <xsl:variable name="stylesheet" select="if ($isUBL) then $ubl else $cii"/>
  <xsl:variable name="out" select="transform(map{'stylesheet-location': $stylesheet, 'source-node': $doc, 'cache': true()})?output"/>
  <file name="{.}">
    <xsl:for-each select="$out//svrl:failed-assert"><failed id="{@id}" flag="{@flag}"><xsl:value-of select="normalize-space(svrl:text)"/></failed></xsl:for-each>
  </file>
</xsl:for-each>
</results>
</xsl:template>
</xsl:stylesheet>
