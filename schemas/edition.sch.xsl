<?xml version='1.0' encoding='UTF-8'?>
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:ed="urn:x-edition:derived" xmlns:tei="http://www.tei-c.org/ns/1.0" version="1.0" ed:source-sha256="45384281d2b0195a1748a1e03e613933db236068e71b72ed0e1709a1e9088c3b">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="/">
    <failures>
      <xsl:for-each select="//tei:TEI">
        <xsl:if test="not(@xml:id)">
          <f p="TEI-xml-id-required">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>element "TEI" needs @xml:id</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:TEI[tei:text/tei:body[not(tei:listPerson or tei:listOrg or tei:listPlace or tei:listEvent or tei:listRelation)]]/tei:teiHeader">
        <xsl:if test="not(tei:fileDesc/tei:titleStmt/tei:author)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header names no author (fileDesc/titleStmt/author)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:fileDesc/tei:titleStmt/tei:respStmt)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header does not say who encoded the text (titleStmt/respStmt)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header gives no licence (publicationStmt/availability/licence)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:fileDesc/tei:sourceDesc/tei:biblStruct or tei:fileDesc/tei:sourceDesc/tei:bibl)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header does not describe the original publication (sourceDesc/biblStruct or bibl)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:encodingDesc/tei:editorialDecl)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header has no editorial declaration (encodingDesc/editorialDecl)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:profileDesc/tei:langUsage)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header does not state the languages (profileDesc/langUsage)</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(tei:revisionDesc/tei:change)">
          <f p="header-complete">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>the header has no revision history (revisionDesc/change)</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:note[@place]">
        <xsl:if test="not(@place = 'foot')">
          <f p="note-place-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@place of "note" is "</xsl:text>
            <xsl:value-of select="@place"/>
            <xsl:text>"; allowed: foot</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:note[@type]">
        <xsl:if test="not(@type = 'editorial')">
          <f p="note-type-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@type of "note" is "</xsl:text>
            <xsl:value-of select="@type"/>
            <xsl:text>"; allowed: editorial</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:note[@place = 'foot']">
        <xsl:if test="not(@n)">
          <f p="note-numbered">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>a source note needs its printed number in @n</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(not(@n) or @xml:id = concat(/tei:TEI/@xml:id, '-n', @n))">
          <f p="note-numbered">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>a source note's xml:id must be "</xsl:text>
            <xsl:value-of select="concat(/tei:TEI/@xml:id, '-n', @n)"/>
            <xsl:text>" (document id, "-n", printed number), not "</xsl:text>
            <xsl:value-of select="@xml:id"/>
            <xsl:text>"</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:note[@type = 'editorial']">
        <xsl:if test="not(@resp)">
          <f p="editorial-note-resp">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>an editorial note must say whose it is (@resp, e.g. "#ed")</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:hi">
        <xsl:if test="not(@rend)">
          <f p="hi-rend-required">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>element "hi" needs @rend; allowed: italic, bold, smallcaps, sup, sub, underline</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:hi[@rend]">
        <xsl:if test="not(@rend = 'italic' or @rend = 'bold' or @rend = 'smallcaps' or @rend = 'sup' or @rend = 'sub' or @rend = 'underline')">
          <f p="hi-rend-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@rend of "hi" is "</xsl:text>
            <xsl:value-of select="@rend"/>
            <xsl:text>"; allowed: italic, bold, smallcaps, sup, sub, underline</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:gap">
        <xsl:if test="not(@reason)">
          <f p="gap-reason-required">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>element "gap" needs @reason; allowed: note-text-not-in-source, omitted-by-author, omitted-by-translator, omitted-by-source, illegible</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:gap[@reason]">
        <xsl:if test="not(@reason = 'note-text-not-in-source' or @reason = 'omitted-by-author' or @reason = 'omitted-by-translator' or @reason = 'omitted-by-source' or @reason = 'illegible')">
          <f p="gap-reason-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@reason of "gap" is "</xsl:text>
            <xsl:value-of select="@reason"/>
            <xsl:text>"; allowed: note-text-not-in-source, omitted-by-author, omitted-by-translator, omitted-by-source, illegible</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:list[@rend]">
        <xsl:if test="not(@rend = 'numbered' or @rend = 'lettered' or @rend = 'bulleted' or @rend = 'inline' or @rend = 'simple')">
          <f p="list-rend-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@rend of "list" is "</xsl:text>
            <xsl:value-of select="@rend"/>
            <xsl:text>"; allowed: numbered, lettered, bulleted, inline, simple</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:supplied">
        <xsl:if test="not(@resp)">
          <f p="supplied-resp-required">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>element "supplied" needs @resp</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:corr">
        <xsl:if test="not(parent::tei:choice[tei:sic])">
          <f p="corr-with-sic">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>a correction stands in choice beside the printed reading (choice/sic + corr)</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:foreign">
        <xsl:if test="not(@xml:lang)">
          <f p="foreign-xml-lang-required">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>element "foreign" needs @xml:lang</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:text//tei:persName[@ref] | //tei:text//tei:orgName[@ref] | //tei:text//tei:placeName[@ref]">
        <xsl:variable name="prefix" select="substring-before(@ref, ':')"/>
        <xsl:variable name="want" select="substring(concat(substring('per', 1, 3 * number(local-name() = 'persName')), substring('org', 1, 3 * number(local-name() = 'orgName')), substring('pla', 1, 3 * number(local-name() = 'placeName'))), 1, 3)"/>
        <xsl:if test="not($prefix = $want)">
          <f p="entity-pointer">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@ref of </xsl:text>
            <xsl:value-of select="local-name()"/>
            <xsl:text> must start with "</xsl:text>
            <xsl:value-of select="$want"/>
            <xsl:text>:" (got "</xsl:text>
            <xsl:value-of select="@ref"/>
            <xsl:text>")</xsl:text>
          </f>
        </xsl:if>
        <xsl:if test="not(not(contains(@ref, ' ')))">
          <f p="entity-pointer">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@ref points to one register entry only</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:title[@level]">
        <xsl:if test="not(@level = 'a' or @level = 'm' or @level = 'j' or @level = 's' or @level = 'u')">
          <f p="title-level-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@level of "title" is "</xsl:text>
            <xsl:value-of select="@level"/>
            <xsl:text>"; allowed: a, m, j, s, u</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:div[@type]">
        <xsl:if test="not(@type = 'section' or @type = 'introduction' or @type = 'document' or @type = 'headnote' or @type = 'letter' or @type = 'declaration' or @type = 'appeal' or @type = 'part' or @type = 'thesis' or @type = 'entry' or @type = 'contents' or @type = 'half-title' or @type = 'titlepage' or @type = 'availability' or @type = 'about-author' or @type = 'credits' or @type = 'imprint' or @type = 'printer' or @type = 'back-cover' or @type = 'contact')">
          <f p="div-type-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@type of "div" is "</xsl:text>
            <xsl:value-of select="@type"/>
            <xsl:text>"; allowed: section, introduction, document, headnote, letter, declaration, appeal, part, thesis, entry, contents, half-title, titlepage, availability, about-author, credits, imprint, printer, back-cover, contact</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:p[@rend]">
        <xsl:if test="not(@rend = 'thesis' or @rend = 'addressee' or @rend = 'slogan')">
          <f p="p-rend-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@rend of "p" is "</xsl:text>
            <xsl:value-of select="@rend"/>
            <xsl:text>"; allowed: thesis, addressee, slogan</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="//tei:seg[@type]">
        <xsl:if test="not(@type = 'address' or @type = 'copies' or @type = 'issuer' or @type = 'motto')">
          <f p="seg-type-values">
            <xsl:attribute name="n">
              <xsl:value-of select="count((ancestor-or-self::*)[last()]/ancestor::*) + count((ancestor-or-self::*)[last()]/preceding::*)"/>
            </xsl:attribute>
            <xsl:text>@type of "seg" is "</xsl:text>
            <xsl:value-of select="@type"/>
            <xsl:text>"; allowed: address, copies, issuer, motto</xsl:text>
          </f>
        </xsl:if>
      </xsl:for-each>
    </failures>
  </xsl:template>
</xsl:stylesheet>
